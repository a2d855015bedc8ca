"""Subscriptions (订阅): saved searches and watched industries whose new items come to
their owner, each with the reason it matched."""
