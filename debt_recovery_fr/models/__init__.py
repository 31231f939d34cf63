from . import debt_recovery_departement
from . import res_partner
from . import account_move
from . import res_company
