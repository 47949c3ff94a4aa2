"""The Telegram door: python-telegram-bot application, handlers, limits and sending, HTML rendering."""
