"""Extra ``scrapy`` commands (``COMMANDS_MODULE``)."""
