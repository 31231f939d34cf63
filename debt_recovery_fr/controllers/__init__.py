from . import portal
from . import registered_mail
