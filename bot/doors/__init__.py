"""Doors: the ways readers and operators reach the engine (Telegram, the console, the command line),
and the newsroom's page over the question log (``web``).

A door turns an incoming message into text, asks ``bot.engine``, and turns the ``Reply`` into output.
May import ``bot.config``, ``bot.engine``, other doors, ``bot.state`` (what the doors remember of chats:
the engine stores nothing) and ``bot.storage.watch`` (noticing a new corpus); everything else is reached
through the engine. The command line may also run ingestion and the bench.
"""
