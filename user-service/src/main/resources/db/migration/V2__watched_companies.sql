-- Preferences gain the company job boards a user watches: {"companies": [{"ats": "GREENHOUSE|LEVER|ASHBY",
-- "board": "...", "company": "..." | null}]} (an object: Hibernate Reactive binds JSON columns as JSON objects),
-- replaced with the rest of the preferences (PreferencesChanged carries them to job-service).
alter table preferences add column watched_companies jsonb not null default '{"companies": []}';
