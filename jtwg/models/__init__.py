"""Pydantic models of jtwg: `XCreate` for input, `X` for records read back; re-exported here."""

from jtwg.models.common import *  # noqa: F401,F403
from jtwg.models.group import *  # noqa: F401,F403
from jtwg.models.meeting import *  # noqa: F401,F403
from jtwg.models.mou import *  # noqa: F401,F403
from jtwg.models.workplan import *  # noqa: F401,F403
