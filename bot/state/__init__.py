"""State: what the bot remembers between messages (per chat).

May import ``bot.config``; never ``bot.engine`` or ``bot.doors``.
"""
