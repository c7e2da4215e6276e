// The SDK ships no types; this covers only what bench/sync uses (a dev dependency, bench only).
declare module 'facebook-nodejs-business-sdk' {
  export interface SdkObject {
    _data: Record<string, unknown>;
  }
  /** An array of the current page's objects; `next()` loads the following page into the same cursor. */
  export interface SdkCursor extends Array<SdkObject> {
    hasNext(): boolean;
    next(): Promise<SdkCursor>;
  }
  type Edge = (fields: string[], params?: Record<string, unknown>) => Promise<SdkCursor>;
  interface FacebookAdsApiStatic {
    readonly GRAPH: string;
    init(accessToken: string, locale?: string, crashLog?: boolean): unknown;
    /** Another token's API (a Page token), passed to an object's constructor. */
    new (accessToken: string, locale?: string, crashLog?: boolean): unknown;
  }
  interface AssetWithAssignedUsers {
    getAssignedUsers: Edge;
  }
  export const FacebookAdsApi: FacebookAdsApiStatic;
  export const Business: new (id: string) => {
    getBusinessUsers: Edge;
    getPendingUsers: Edge;
    getSystemUsers: Edge;
    getAgencies: Edge;
    getOwnedAdAccounts: Edge;
    getClientAdAccounts: Edge;
    getOwnedPages: Edge;
    getClientPages: Edge;
    getOwnedPixels: Edge;
    getOwnedProductCatalogs: Edge;
    getClientProductCatalogs: Edge;
  };
  export const AdAccount: new (id: string) => AssetWithAssignedUsers;
  export const Page: new (id: string, data?: Record<string, unknown>, parentId?: string, api?: unknown) => AssetWithAssignedUsers;
  export const BusinessUser: new (id: string) => { getAssignedPages: Edge };
  export const SystemUser: new (id: string) => { getAssignedPages: Edge };
  export const AdsPixel: new (id: string) => AssetWithAssignedUsers;
  export const ProductCatalog: new (id: string) => AssetWithAssignedUsers;
}
