using Microsoft.AspNetCore.DataProtection;

namespace Parcours.Infrastructure.Messaging;

/// <summary>
/// Encrypts secrets Parcours must read back (webhook signing secrets, a message's public token for re-rendering) with
/// ASP.NET Data Protection, whose keys live in the database and are shared by every node.
/// </summary>
public sealed class SecretBox(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Parcours.Messaging.Secrets.v1");

    public string Seal(string secret) => _protector.Protect(secret);

    public string Open(string sealedSecret) => _protector.Unprotect(sealedSecret);
}
