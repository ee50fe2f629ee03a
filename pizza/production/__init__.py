"""The production mode on PostgreSQL: a process per part, supervised.

- ``worker``: ``pizza worker NAME...`` runs the named parts, each following its
  leaders through PostgreSQL's notifications while it holds the part's lock;
- ``web``: ``pizza web`` runs the web app on gunicorn, several processes that
  write commands and read the view, and run no follower;
- ``supervisor``: ``pizza up`` starts the web processes and one process per
  part on one machine, restarts any that dies, and stops them all together.
"""
