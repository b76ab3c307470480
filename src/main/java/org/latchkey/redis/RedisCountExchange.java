package org.latchkey.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.latchkey.account.CountExchange;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Shared counts in Redis, in two pipelined round trips per sync: one hash per kind, bucket and key
 * whose fields are the nodes' counts ({@code HINCRBY}, then {@code EXPIRE} past the horizon), and
 * a sorted set indexing the hashes by bucket, trimmed below the horizon; then the indexed hashes
 * are read back and every other node's field summed.
 */
public final class RedisCountExchange implements CountExchange, AutoCloseable {

    private static final long KEEP_SECONDS = 2 * 3600;

    private final RedisClient redis;
    private final String prefix;
    private final String index;

    public RedisCountExchange(URI url, String prefix) {
        this.redis = RedisClient.create(url);
        this.prefix = prefix;
        this.index = prefix + "index";
    }

    @Override
    public List<Count> exchange(String node, List<Count> increments, long sinceSecond) {
        Response<List<String>> live;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Count c : increments) {
                String member = c.kind() + '\n' + c.bucket() + '\n' + c.key();
                pipeline.hincrBy(prefix + member, node, c.n());
                pipeline.expire(prefix + member, KEEP_SECONDS);
                pipeline.zadd(index, c.bucket(), member);
            }
            pipeline.zremrangeByScore(index, Double.NEGATIVE_INFINITY, sinceSecond - 1);
            live = pipeline.zrangeByScore(index, sinceSecond, Double.POSITIVE_INFINITY);
            pipeline.sync();
        }
        List<String> members = live.get();
        List<Response<Map<String, String>>> counts = new ArrayList<>(members.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String member : members) {
                counts.add(pipeline.hgetAll(prefix + member));
            }
            pipeline.sync();
        }
        List<Count> others = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            long n = 0;
            for (Map.Entry<String, String> field : counts.get(i).get().entrySet()) {
                if (!field.getKey().equals(node)) {
                    n += Long.parseLong(field.getValue());
                }
            }
            if (n != 0) {
                String[] parts = members.get(i).split("\n", 3);
                others.add(new Count(parts[0], parts[2], Long.parseLong(parts[1]), n));
            }
        }
        return others;
    }

    @Override
    public void close() {
        redis.close();
    }
}
