"""Load checks of the documented rate limits: Locust scenarios, a verdict over their request
events, and a load-test report (``python -m load``)."""
