"""Plug-ins that the Rasa server itself loads (credentials.yml, endpoints files), as opposed
to actions/, which the action server runs: the website's REST channel and the lock store
for several Rasa servers."""
