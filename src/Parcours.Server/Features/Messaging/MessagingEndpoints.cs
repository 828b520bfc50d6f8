using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Parcours.Domain.Common;
using Parcours.Domain.Messaging;
using Parcours.Infrastructure.Messaging;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Shared;
using Parcours.Server.Features.Tasks;

namespace Parcours.Server.Features.Messaging;

public sealed record SolicitationOverview(IReadOnlyList<ChannelRulesDto> Channels, bool SmsProviderConfigured, bool SmtpConfigured);

public static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<TemplateRenderer>();
        services.AddHttpClient<HttpMessagingProvider>();
        services.AddHttpClient(SendWebhookHandler.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddScoped<MessageDispatcher>();
        services.AddScoped<Webhooks>();
        services.AddScoped<TeamTasks>();
        services.AddAgendaHandler<SendMessageHandler>();
        services.AddAgendaHandler<SendWebhookHandler>();
        services.AddAgendaHandler<NotifyTaskHandler>();
        return services;
    }

    /// <summary>Unsubscribe, tracked links and provider callbacks: anonymous, 30 requests a minute per client address.</summary>
    public static void AddPublicLinkLimit(this RateLimiterOptions options) =>
        options.AddPolicy(PublicLinks.RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public static void MapMessaging(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/message-templates").WithTags("Messages");
        templates.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => MessageTemplates.ListAsync(db, ct))
            .WithSummary("Message templates (email, SMS, voice, in-app) with their French and English versions.");
        templates.MapPost("/", async Task<Results<Ok<MessageTemplateResponse>, ProblemHttpResult>> (MessageTemplateRequest request, ParcoursDbContext db, TemplateRenderer renderer, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await MessageTemplates.CreateAsync(db, renderer, request, clock, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Create a template; Liquid that does not parse or names an unknown variable is refused.");
        templates.MapPut("/{id:guid}", async Task<Results<Ok<MessageTemplateResponse>, ProblemHttpResult>> (Guid id, MessageTemplateRequest request, ParcoursDbContext db, TemplateRenderer renderer, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await MessageTemplates.UpdateAsync(db, renderer, id, request, clock, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Change a template's name or versions (not its channel).");

        var people = api.MapGroup("/people/{personId:guid}").WithTags("Messages");
        people.MapGet("/messages", async Task<Results<Ok<List<MessageResponse>>, ProblemHttpResult>> (Guid personId, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await PersonMessages.TimelineAsync(db, new PersonId(personId), ct)))
            .WithSummary("The person's messages, newest first, with status and the reason of any deferral or suppression.");
        people.MapPost("/messages", async Task<Results<Ok<QueuedMessage>, ProblemHttpResult>> (Guid personId, SendMessageRequest request, HttpContext http, ParcoursDbContext db, MessageDispatcher dispatcher, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await PersonMessages.SendAsync(db, dispatcher, new PersonId(personId), request, http.User.UserId(), clock, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Queue a message from a template; the solicitation rules still apply.");
        people.MapGet("/in-app-messages", async Task<Results<Ok<List<InAppMessageResponse>>, ProblemHttpResult>> (Guid personId, bool? unread, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await PersonMessages.InAppAsync(db, new PersonId(personId), unread ?? true, ct)))
            .WithSummary("In-app messages waiting for the person (unread by default), for the product to show.");
        people.MapPost("/in-app-messages/{messageId:guid}/read", async Task<Results<Ok<bool>, ProblemHttpResult>> (Guid personId, Guid messageId, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await PersonMessages.MarkReadAsync(db, new PersonId(personId), messageId, clock, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("The product showed the message: mark it read.");

        var solicitation = api.MapGroup("/solicitation").WithTags("Messages");
        solicitation.MapGet("/", async (ParcoursDbContext db, HttpMessagingProvider sms, Infrastructure.Email.EmailSender email, CancellationToken ct) =>
                new SolicitationOverview(await SolicitationRules.AllAsync(db, ct), sms.IsConfigured, email.IsConfigured))
            .WithSummary("The contact-pressure rules per channel (caps, quiet hours, blackout periods) and which channels are configured.");
        solicitation.MapPut("/{channel}", async Task<Results<Ok<ChannelRulesDto>, ProblemHttpResult>> (MessageChannel channel, ChannelRulesDto request, ParcoursDbContext db, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await SolicitationRules.SaveAsync(db, channel, request, clock, ct)))
            .RequireAuthorization(Policies.Admin).WithSummary("Replace one channel's rules.");

        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);
        webhooks.MapGet("/", (ParcoursDbContext db, CancellationToken ct) => Webhooks.ListAsync(db, ct)).WithSummary("Webhook endpoints.");
        webhooks.MapPost("/", async Task<Results<Ok<WebhookEndpointCreated>, ProblemHttpResult>> (WebhookEndpointRequest request, ParcoursDbContext db, Webhooks hooks, CancellationToken ct) =>
                Problems.Reply(await hooks.CreateEndpointAsync(db, request, ct)))
            .WithSummary("Add an endpoint; its signing secret (whsec_…) is shown once.");
        webhooks.MapDelete("/{id:guid}", async Task<Results<Ok<bool>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, CancellationToken ct) =>
                Problems.Reply(await Webhooks.DeleteEndpointAsync(db, id, ct)))
            .WithSummary("Remove an endpoint; its pending deliveries are dropped.");
        webhooks.MapPost("/{id:guid}/test", async Task<Results<Ok<List<WebhookQueued>>, ProblemHttpResult>> (Guid id, ParcoursDbContext db, Webhooks hooks, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await hooks.TestAsync(db, id, ct)))
            .WithSummary("Send a signed 'webhook.test' event to this endpoint.");

        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/", (Guid? assigneeId, bool? open, ParcoursDbContext db, CancellationToken ct) => TeamTasks.ListAsync(db, assigneeId, open ?? true, ct))
            .WithSummary("Team tasks by due date (open ones by default), optionally one assignee's.");
        tasks.MapPost("/", async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> (CreateTaskRequest request, HttpContext http, ParcoursDbContext db, TeamTasks teamTasks, TimeProvider clock, CancellationToken ct) =>
                Problems.Reply(await teamTasks.CreateAsync(db, new TaskRequest(request.AssigneeId, request.Title, request.DueAt, http.User.UserId() is { } user ? $"manual:{user}" : "manual:api",
                    string.IsNullOrWhiteSpace(request.IdempotencyKey) ? $"manual:{Guid.CreateVersion7(clock.GetUtcNow()):N}" : request.IdempotencyKey,
                    request.PersonId is { } p ? new PersonId(p) : null, request.AccountId is { } a ? new AccountId(a) : null, request.Note), ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Create a task for a team member; they are emailed.");
        tasks.MapPost("/{id:guid}/complete", async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> (Guid id, CompleteTaskRequest request, HttpContext http, ParcoursDbContext db, TeamTasks teamTasks, CancellationToken ct) =>
                Problems.Reply(await teamTasks.CompleteAsync(db, id, http.User.UserId(), request.Outcome, ct)))
            .RequireAuthorization(Policies.Write).WithSummary("Complete an open task with what was done.");
    }
}
