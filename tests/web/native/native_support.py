"""What the tests of ``/recount`` share: the demo's statistics they ask about."""

REMOVALS = "ice.sc.removals"
PAYROLLS = "us.ces.payrolls"
