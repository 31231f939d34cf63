from . import debt_recovery_action
from . import debt_recovery_case
