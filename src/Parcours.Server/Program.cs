using System.Diagnostics;
using Parcours.Server;
using Parcours.Server.Features.Operations;

var started = Stopwatch.GetTimestamp();
var builder = WebApplication.CreateBuilder(args);
builder.AddParcours();

var app = builder.Build();
var demo = await StartupTasks.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
app.UseParcours();
StartupBanner.PrintWhenStarted(app, demo, Stopwatch.GetElapsedTime(started));
await app.RunAsync();

/// <summary>Entry point, visible to the WebApplicationFactory of the tests.</summary>
public partial class Program;
