"""Custom actions of the ALL patient-information assistant (run with `rasa run actions`)."""
