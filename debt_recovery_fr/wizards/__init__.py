from . import debt_recovery_escalate_wizard
