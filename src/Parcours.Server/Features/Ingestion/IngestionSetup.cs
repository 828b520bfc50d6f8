using Parcours.Infrastructure.Ingestion;

namespace Parcours.Server.Features.Ingestion;

public static class IngestionSetup
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IEventStore, SqlEventStore>();
        services.AddScoped<WriteKeyGate>();
        services.AddSingleton<WriteKeyRateLimiter>();
        services.AddSingleton<IngestionLog>();
        // One instance is both the service requests call and the hosted loop that commits.
        services.AddSingleton<EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());

        services.AddOptions<Adoption.AdoptionOptions>().BindConfiguration(Adoption.AdoptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Adoption.InactivityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Adoption.InactivityMonitor>());

        // Customers' pages call /v1 from their own origins. No credentials: the write key travels in the body or in
        // Authorization, never in a cookie. Preflights are cached as long as Chromium allows (2 h).
        services.AddCors(o => o.AddPolicy(TrackingApi.CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Post)
            .WithHeaders(Microsoft.Net.Http.Headers.HeaderNames.ContentType, Microsoft.Net.Http.Headers.HeaderNames.Authorization)
            .SetPreflightMaxAge(TimeSpan.FromHours(2))));
        return services;
    }
}
