"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every operation, and
``redis.Redis.__init__`` fills a table of some 170 response callbacks each time: profiled, that
was the largest single cost of answering a cached page (more than the round trip itself). A
``redis.Redis`` over a connection pool is safe to share between threads (redis-py documents it),
so one per pool is kept. Connections, timeouts and options are Django's, unchanged.

``CACHE_URL=redis://…`` selects this backend (``config/settings.py``).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
