"""Benefit-sharing agreements (效益共享协议) and the money that flows under them."""
