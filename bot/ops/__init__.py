"""Running the service: Prometheus metrics, readiness, structured logs, the
scheduler's heartbeat and crash points for fault-injection tests."""
