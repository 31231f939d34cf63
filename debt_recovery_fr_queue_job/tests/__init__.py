from . import test_debt_recovery_queue_job
