-- One database per PostgreSQL service; the services' Flyway migrations create the schemas.
create database users;
create database jobs;
create database pipeline;
