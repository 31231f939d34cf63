from . import debt_recovery_escalate_wizard
from . import debt_recovery_run_wizard
from . import debt_recovery_escalate_wizard_solvency
from . import debt_recovery_import_column
from . import debt_recovery_import_wizard
from . import debt_recovery_instalment_wizard
from . import debt_recovery_recovery_wizard
from . import debt_recovery_case_state_wizard
