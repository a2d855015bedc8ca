"""Webhooks: a user's URL told of their events (new match, inquiry message, agreement
step, money), signed, retried with backoff, logged, switched off after repeated failures."""
