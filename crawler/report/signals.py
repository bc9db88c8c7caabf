"""Signals of the run report that Scrapy does not have."""

# A request ended without a response (download error, or refused by a downloader
# middleware: robots.txt, offsite, network guard...). Arguments: request, exception.
download_failed = object()
