from . import test_debt_recovery_case
from . import test_debt_recovery_cron
from . import test_debt_recovery_escalation
from . import test_debt_recovery_rate
from . import test_res_partner
from . import test_ui
from . import test_debt_recovery_instalment_plan
from . import test_debt_recovery_portal
