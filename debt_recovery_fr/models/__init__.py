from . import debt_recovery_departement
from . import debt_recovery_rate
from . import debt_recovery_action
from . import res_partner
from . import account_move
from . import res_company
from . import debt_recovery_level
from . import debt_recovery_case
