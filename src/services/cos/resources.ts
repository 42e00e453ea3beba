/** COS's CAM resource name: `qcs::cos:<region>:uid/<appid>:<bucket>-<appid>/<key>` (the bucket itself ends in '/'). */
export function cosResource(region: string, appId: number, bucket: string, key: string): string {
  return `qcs::cos:${region}:uid/${appId}:${bucket}-${appId}/${key}`;
}
