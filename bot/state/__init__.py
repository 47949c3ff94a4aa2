"""State: what the bot remembers between messages — chat follow-up state, rate limits, subscriptions and
one-time claims — behind one interface (``store.StateStore``) with a SQLite and a Redis backend.

May import ``bot.config``; never ``bot.engine`` or ``bot.doors``.
"""
