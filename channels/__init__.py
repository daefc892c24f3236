"""Input channels of the assistant (credentials.yml names them)."""
