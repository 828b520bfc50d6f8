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
        // One instance is both the service requests call and the hosted loop that commits.
        services.AddSingleton<EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        return services;
    }
}
