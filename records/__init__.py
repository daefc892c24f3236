"""What the assistant keeps about visitors, in one SQL database (`DATABASE_URL`): appointment
requests and answer votes, through one engine factory. Builds on nothing of ours but the
project's paths; the actions and the staff tools use it.
"""
