"""Tests of the fault switches (``mock_server.faults``): each changes what a client observes."""
