-- Retention: the hourly job deletes by these times, so each delete reads an index, not the table.
CREATE INDEX notice_deliveries_finished ON notice_deliveries (finished_at);
CREATE INDEX notices_by_time ON notices (created_at);
CREATE INDEX security_alerts_by_time ON security_alerts (at);
CREATE INDEX token_hourly_uses_by_hour ON token_hourly_uses (hour_start);
