-- One database per PostgreSQL service (docker-compose); the services' Flyway migrations create the schemas.
create database users;
create database jobs;
create database pipeline;
