"""State: what the bot remembers between messages — chat follow-up state, rate limits, subscriptions and
one-time claims — behind one interface (``store.StateStore``) with a SQLite and a Redis backend; and the
question log the newsroom reads (``question_log``, same backends), which keeps no reader's identity.

May import ``bot.config``; never ``bot.engine`` or ``bot.doors``.
"""
