"""Every state change lives here: explicit arguments, one transaction, an audit event,
domain errors on refusal. Views, the API and the CLI all call these."""
