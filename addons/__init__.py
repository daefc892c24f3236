"""Plug-ins that the Rasa server itself loads (credentials.yml, endpoints files), as opposed
to actions/, which the action server runs: the website's REST channel, the SQL tracker store
and the lock store for several Rasa servers.

Loading any of them also makes the server check the action server's replies with a
validator built once (addons/action_replies.py), send it the earlier turns without the
models' internals (addons/action_requests.py), and makes trackers remember their applied
events between calls (addons/applied_events.py): Rasa has no setting for these, and every
Rasa server of ours loads this package.
"""

from addons import action_replies, action_requests, applied_events

action_replies.install()
action_requests.install()
applied_events.install()
