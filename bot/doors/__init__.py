"""Doors: the ways readers and operators reach the engine (Telegram, the console, the command line).

A door turns an incoming message into text, asks ``bot.engine``, and turns the ``Reply`` into output.
May import ``bot.config``, ``bot.engine`` and other doors; everything else is reached through the engine.
"""
