using Xunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Parcours.Infrastructure.Persistence;


namespace Parcours.Testing;

/// <summary>
/// The real server on a real database of one provider, shared by a test class. Tests never share rows: each builds its
/// own workspace (see <see cref="TestWorkspace"/>), which the tenant filter keeps apart.
/// </summary>
public abstract class ParcoursHost : IAsyncLifetime
{
    private readonly DatabaseProvider _provider;
    private readonly bool _realServer;
    private readonly bool _ownsDatabase;
    private TestDatabase? _database;
    private Factory? _factory;
    private string? _dataDirectory;

    protected ParcoursHost(DatabaseProvider provider, bool realServer = false)
    {
        _provider = provider;
        _realServer = realServer;
        _ownsDatabase = true;
        Clock = Testing.Clock.Fake();
    }

    /// <summary>A host on an existing database (several nodes, or a restart): it neither creates nor drops it.</summary>
    protected ParcoursHost(TestDatabase database, FakeTimeProvider clock)
    {
        _provider = database.Provider;
        _database = database;
        _ownsDatabase = false;
        Clock = clock;
    }

    public DatabaseProvider Provider => _provider;

    public FakeTimeProvider Clock { get; }

    /// <summary>The database, once the host started.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("Host not started.");

    public WebApplicationFactory<Program> App => _factory ?? throw new InvalidOperationException("Host not started.");

    public IServiceProvider Services => App.Services;

    /// <summary>The Kestrel address when the host runs a real server.</summary>
    public Uri? BaseAddress { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (_provider == DatabaseProvider.Postgres && PostgresServer.ConnectionString is null)
        {
            return;
        }

        _database ??= await TestDatabase.CreateAsync(_provider);
        _dataDirectory = Path.Combine(Path.GetTempPath(), "parcours-tests", $"data-{Guid.NewGuid():N}");
        // A browser session runs on real time: UI timers (MudBlazor's debounce) take the clock from DI too.
        _factory = new Factory(_database, _dataDirectory, _realServer ? null : Clock, await ExtraSettingsAsync(), ConfigureServices);
        if (_realServer)
        {
            // A browser needs a real socket: .NET 10's factory can run Kestrel on a free loopback port.
            _factory.UseKestrel(0);
            _factory.StartServer();
            var addresses = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
            BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
        else
        {
            _ = _factory.Server;
        }
    }

    /// <summary>Settings a host adds to the defaults (e.g. an SMTP server it started).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Services a host adds or replaces (test handlers, options).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Call first in every test: skips (or, in CI, fails) when this provider's server is missing.</summary>
    public void RequireAvailable()
    {
        if (_factory is null)
        {
            PostgresServer.RequireConnectionString();
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null && _ownsDatabase)
        {
            await _database.DisposeAsync();
        }

        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private sealed class Factory(
        TestDatabase database, string dataDirectory, FakeTimeProvider? clock, IReadOnlyDictionary<string, string?> extra, Action<IServiceCollection> configure)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in database.HostSettings())
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            foreach (var (key, value) in extra)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>());
            if (clock is not null)
            {
                builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
            }

            builder.ConfigureServices(configure);
        }
    }
}

/// <summary>The in-memory test server has no client address; tests name one so per-address limits can be exercised.</summary>
internal sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && System.Net.IPAddress.TryParse(value, out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}

public sealed class SqliteHost() : ParcoursHost(DatabaseProvider.Sqlite);

public sealed class PostgresHost() : ParcoursHost(DatabaseProvider.Postgres);

/// <summary>The server on Kestrel, for browser tests.</summary>
public sealed class KestrelSqliteHost() : ParcoursHost(DatabaseProvider.Sqlite, realServer: true)
{
    /// <summary>Every browser test signs in from 127.0.0.1; the per-address login limit is tested through HTTP elsewhere.</summary>
    protected override Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "1000" });
}
