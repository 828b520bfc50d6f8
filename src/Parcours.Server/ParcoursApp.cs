using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Imports;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Components;
using Parcours.Server.Features.Accounts;
using Parcours.Server.Features.Adoption;
using Parcours.Server.Features.Agenda;
using Parcours.Server.Features.Imports;
using Parcours.Server.Features.Ingestion;
using Parcours.Server.Features.Journeys;
using Parcours.Server.Features.Messaging;
using Parcours.Server.Features.Playbooks;
using Parcours.Server.Features.Approvals;
using Parcours.Server.Features.Surveys;
using Parcours.Server.Features.Operations;
using Parcours.Server.Features.People;
using Parcours.Server.Features.Shared;
using Parcours.Server.Features.Stakeholders;
using Parcours.Server.Features.Team;
using Scalar.AspNetCore;

namespace Parcours.Server;

/// <summary>The composition root: every service and every middleware, in the order they run.</summary>
public static class ParcoursApp
{
    public const string LoginRateLimit = "login";
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddParcours(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Serve MudBlazor's and Blazor's files from the build output under `dotnet run` in any environment,
        // not only Development; a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddParcoursDatabase(builder.Configuration);
        services.AddSingleton<EmailSender>();
        services.AddParcoursHealthChecks();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.Customize);
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Parcours API";
            document.Info.Description = "Accounts, people and stakeholders of a workspace. Authenticate with 'Authorization: Bearer prc_…' (Settings → API keys).";
            return Task.CompletedTask;
        }));

        AddIdentity(services);
        services.AddImports();
        services.AddIngestion();
        services.AddAgenda();
        services.AddMessaging();
        services.AddPlaybooks();
        services.AddApprovals();
        services.AddSurveys();
        services.AddJourneys();

        // Password attempts per client address and minute (Security:LoginAttemptsPerMinute, default 10).
        var loginAttempts = Math.Clamp(builder.Configuration.GetValue("Security:LoginAttemptsPerMinute", 10), 1, 1000);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Showing the form costs nothing and is not counted.
            o.AddPolicy(LoginRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = loginAttempts, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("form"));
            o.AddPublicLinkLimit();
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        services.AddLocalization();
        services.AddSingleton<Loc>();
        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitHandler, WorkspaceCircuitHandler>();
        services.AddHttpContextAccessor();
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Policies.CookieOrApiKeyScheme;
                o.DefaultChallengeScheme = Policies.CookieOrApiKeyScheme;
            })
            .AddPolicyScheme(Policies.CookieOrApiKeyScheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? Policies.ApiKeyScheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Policies.ApiKeyScheme, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "parcours.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ParcoursDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<WorkspaceClaimsFactory>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization(Policies.Configure);

        // Cookie keys live in the database, so every node behind a load balancer reads every cookie.
        services.AddDataProtection().SetApplicationName("Parcours").PersistKeysToDbContext<ParcoursDbContext>();
    }

    /// <summary>
    /// Blazor's redirect helper carries no data and must work before sign-in; pages keep their own [Authorize] or
    /// [AllowAnonymous].
    /// </summary>
    private static void AllowFrameworkPlumbing(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: "/_framework/opaque-redirect" })
        {
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
        }
    }

    public static void UseParcours(this WebApplication app)
    {
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture("fr").AddSupportedCultures([.. Loc.Cultures]).AddSupportedUICultures([.. Loc.Cultures]);
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.MapStaticAssets().AllowAnonymous();
        // Before authentication, so a preflight is answered without it; only endpoints naming a policy (/v1) get CORS.
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseWorkspaceScope();
        app.UseAntiforgery();

        app.MapHealth();
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        app.MapScalarApiReference(o => o.WithTitle("Parcours API")).RequireAuthorization(Policies.Read);
        app.MapCultureSwitch();
        app.MapSignOut();
        app.MapExports();
        app.MapTrackingApi();
        app.MapPublicLinks();
        app.MapResponsePages();
        app.MapJourneyExports();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = Policies.ApiKeyScheme, Policy = Policies.Read })
            .DisableAntiforgery();
        api.MapAccounts();
        api.MapPeople();
        api.MapStakeholders();
        api.MapImports();
        api.MapApiKeys();
        api.MapWriteKeys();
        api.MapAdoption();
        api.MapAgenda();
        api.MapMessaging();
        api.MapPlaybooks();
        api.MapApprovals();
        api.MapSurveys();
        api.MapJourneys();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(AllowFrameworkPlumbing);
    }
}
