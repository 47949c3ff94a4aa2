"""Answers: what the reader reads. The composer (question kind → answering sentence → templates),
``/who``, ``/summary`` and the reply layout shared by the doors.

May import ``bot.config``, ``bot.corpus``, ``bot.text`` and ``bot.search``; never ``bot.state``, ``bot.engine`` or
``bot.doors``.
"""
