"""Test helpers, in modules (conftest.py keeps only fixtures and hooks):

apps       make_app(), BASE_CONFIG, KL, WEDNESDAY_10AM
databases  the per-backend template databases (build_template, pg_admin_engine, pg_url)
accounts   MODERATOR_PASSWORD, make_user(), sign_in()
forms      csrf_token(), new_service_data()
formdata   form_data(): what a browser would send for a form on a page
factories  make_service(): test data, never mixed into the bundled data set
queries    count_statements(): the SQL statements a block runs
"""
