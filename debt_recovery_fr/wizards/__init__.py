from . import debt_recovery_escalate_wizard
from . import debt_recovery_run_wizard
from . import debt_recovery_recovery_wizard
