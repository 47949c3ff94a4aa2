"""newsbot: answers readers' questions about the news, in Telegram and on the console."""
