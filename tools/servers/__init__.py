"""Running the assistant's servers: one mechanism for `make run`, `make shell`, the scale-out,
the staff tools, the benchmarks and the tests.

The names below are the package's public face; other packages import them from here, never
from the modules inside (import-linter checks this).

- `Assistant`: the action server and the Rasa server (and the web page), started and stopped
  together (`make run`, the conversation tests, the benchmarks).
- `ToolAssistant`: the same with Rasa's HTTP API on a random token and throw-away databases,
  for the staff tools.
- `ScaleOut`: PostgreSQL, Redis, several Rasa servers and nginx (`make scale-out`).
"""

from tools.servers.assistant import Assistant, cors_origins
from tools.servers.datastores import redis_service, render_nginx_conf
from tools.servers.debian import find_binaries
from tools.servers.processes import Ports, ProbedService, Service, ServiceError, base_env, port_in_use
from tools.servers.scaleout import ENDPOINTS, ScaleOut, ScalePorts
from tools.servers.toolserver import BotMessage, BotReply, Parse, ToolAssistant, bot_reply, parse_result

__all__ = [
    "ENDPOINTS", "Assistant", "BotMessage", "BotReply", "Parse", "Ports", "ProbedService", "ScaleOut",
    "ScalePorts", "Service", "ServiceError", "ToolAssistant", "base_env", "bot_reply", "cors_origins",
    "find_binaries", "parse_result", "port_in_use", "redis_service", "render_nginx_conf",
]
