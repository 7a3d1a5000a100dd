-- The company job boards users watch (preferences' watchedCompanies), one row per user and board. A run fetches each
-- (ats, board) once whoever watches it; last_run_at (the same on every watcher's row) orders the rotation.
create table watched_boards (
    user_id     uuid        not null,
    ats         varchar(20) not null,                    -- GREENHOUSE | LEVER | ASHBY (a BoardSource's name)
    board       text        not null,                    -- the board's token on that ATS, lower-case
    company     text,                                    -- the company's name as the user gave it (boards that name none)
    last_run_at timestamptz,
    primary key (user_id, ats, board)
);
create index watched_boards_board on watched_boards (ats, board);
