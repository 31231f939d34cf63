from . import test_bank_statements
