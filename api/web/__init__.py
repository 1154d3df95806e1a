"""The web page at ``/``: one HTML file and static assets, served by the service itself."""
