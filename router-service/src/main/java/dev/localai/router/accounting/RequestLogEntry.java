package dev.localai.router.accounting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of the request log, as read back ({@code /api/logs}, costs, savings). Rows are written by
 * {@link RequestLogStore} in batches; the schema is Flyway's ({@code V1__request_log.sql}).
 */
@Entity
@Table(name = "request_log")
public class RequestLogEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    public Instant ts;
    @Column(name = "client_key")
    public String clientKey;
    @Column(name = "requested_model")
    public String requestedModel;
    public String backend;
    @Column(name = "served_model")
    public String servedModel;
    @Column(name = "route_reason")
    public String routeReason;
    public String tags;
    @Column(name = "task_type")
    public String taskType;
    public boolean stream;
    @Column(name = "prompt_tokens")
    public int promptTokens;
    @Column(name = "completion_tokens")
    public int completionTokens;
    @Column(name = "tokens_counted")
    public boolean tokensCounted;
    @Column(name = "latency_ms")
    public double latencyMs;
    @Column(name = "ttft_ms")
    public Double ttftMs;
    public int status;
    public String error;
    public boolean partial;
    @Column(name = "cache_hit")
    public boolean cacheHit;
    @Column(name = "cost_usd")
    public BigDecimal costUsd;
    @Column(name = "saved_usd")
    public BigDecimal savedUsd;
    @Column(name = "prompt_text")
    public String promptText;
    @Column(name = "answer_text")
    public String answerText;
}
