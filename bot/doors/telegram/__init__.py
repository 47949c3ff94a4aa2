"""The Telegram door, a thin layer over the engine (it imports only ``bot.config`` and ``bot.engine``).

- ``limits``: token redaction in logs, the per-user rate limit, flood control;
- ``handlers``: which updates are meant for the bot, who may use it, the engine's answer to each;
- ``sending``: a reply as HTML messages (``format`` renders and splits them), retries, 'typing…';
- ``application``: python-telegram-bot built with our defaults, run by polling or webhook.
"""
